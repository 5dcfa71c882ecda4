"""Decorators stated once: a stack a view would repeat, made one decorator; and the page a
paginated view answers."""

from collections.abc import Callable
from functools import reduce


def stacked(*decorators: Callable) -> Callable:
    """One decorator doing what ``decorators`` do written one above the other, the first on
    top (applied last), as a view's stack of flask-smorest decorators is read."""
    return lambda view: reduce(lambda done, decorator: decorator(done), reversed(decorators), view)


def paged(pagination_parameters, read: Callable[[int, int], tuple[list, int]]) -> list:
    """The items of the page ``@blp.paginate()`` asks for: ``read(page, page_size)`` gives them
    and the total, which is handed to flask-smorest for the X-Pagination header."""
    items, total = read(pagination_parameters.page, pagination_parameters.page_size)
    pagination_parameters.item_count = total
    return items
