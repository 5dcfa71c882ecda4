"""Which subscriber URLs are accepted: absolute http or https URLs with a host, no credentials
(a secret in a URL ends up in logs), no fragment, no spaces or control characters."""

from urllib.parse import urlsplit

MAX_URL_LENGTH = 2048
SCHEMES = ("http", "https")


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot receive deliveries, or None when it can."""
    if len(url) > MAX_URL_LENGTH:
        return f"Địa chỉ dài quá {MAX_URL_LENGTH} ký tự."
    if any(char.isspace() or ord(char) < 32 or ord(char) == 127 for char in url):
        return "Địa chỉ không được chứa khoảng trắng hay ký tự điều khiển."
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        return "Địa chỉ không hợp lệ."
    if parts.scheme not in SCHEMES:
        return "Địa chỉ phải bắt đầu bằng http:// hoặc https://."
    if not parts.hostname:
        return "Địa chỉ phải có tên máy chủ."
    if parts.username is not None or parts.password is not None:
        return "Địa chỉ không được chứa tên đăng nhập hay mật khẩu: dùng chữ ký để xác thực."
    if parts.fragment or url.endswith("#"):
        return "Địa chỉ không được có phần #fragment."
    return None
