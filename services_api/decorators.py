"""Decorators stated once: a stack a view would repeat, made one decorator."""

from collections.abc import Callable
from functools import reduce


def stacked(*decorators: Callable) -> Callable:
    """One decorator doing what ``decorators`` do written one above the other, the first on
    top (applied last), as a view's stack of flask-smorest decorators is read."""
    return lambda view: reduce(lambda done, decorator: decorator(done), reversed(decorators), view)
