"""gunicorn settings read from the working directory (``make run``, the image, the benches).

The app answers requests too long to read in the API's error format (services_api/http_limits.py:
a request target past 4,096 bytes is 414, a header field past 8,190 bytes or more than 100 fields
431); gunicorn's own limits sit above those so that such requests reach it. Past these, gunicorn
answers itself (414/431/400 in plain HTML).
"""

limit_request_line = 8190  # gunicorn's maximum
limit_request_field_size = 16380
limit_request_fields = 200
