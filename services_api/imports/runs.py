"""What a whole file's run comes to, for levels and decisions alike: a dry run answers the
report; a real run with entries in error is refused, writing nothing; else everything is
written in one transaction and the report says so."""

from collections.abc import Callable

from services_api.errors import Conflict, DomainError


class FileRefused(DomainError):
    """A real run with entries in error: nothing is written; the report says what to fix."""

    status = 422
    in_error: str  # the report's count of the entries in error
    message_template: str  # the message, "{}" standing for that count

    def __init__(self, report: dict) -> None:
        super().__init__(self.message_template.format(report[self.in_error]))
        self.report = report


def lost_race() -> Conflict:
    """What a real run answers when a procedure changed while the file was judged (409)."""
    return Conflict(
        "Có thủ tục vừa được thay đổi trong lúc nhập: không thay đổi nào được ghi, hãy gửi lại"
    )


def settle(
    report: dict, dry_run: bool, refused: type[FileRefused], write: Callable[[], None]
) -> dict:
    """The run's answer: ``report`` headed by whether it was a dry run and whether it was
    written; a real run with entries in error raises ``refused`` before ``write``."""
    report = {"dry_run": dry_run, "applied": False, **report}
    if dry_run:
        return report
    if report[refused.in_error]:
        raise refused(report)
    write()
    return {**report, "applied": True}
