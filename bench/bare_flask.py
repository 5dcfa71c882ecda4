"""The HTTP ceiling for the benchmarks: a bare Flask app answering a fixed 20-item JSON list.

gunicorn --workers 2 --chdir bench bare_flask:app
"""

from flask import Flask, jsonify

ITEMS = [
    {
        "code": f"1.{index:06d}",
        "name": f"Thủ tục hành chính số {index}",
        "maturity_level": 1 + index % 4,
        "agency": {"code": "so-tu-phap", "name": "Sở Tư pháp"},
    }
    for index in range(20)
]

app = Flask(__name__)


@app.get("/items")
def items():
    """The fixed list, serialised on every request as any Flask view would."""
    return jsonify(ITEMS)
