"""Extensions created unbound, bound to the app in create_app (the search index has its own
module, ``searching.extension``, which only the service factories and commands reach)."""

from flask_cors import CORS
from flask_smorest import Api

from services_api.database import Database

api = Api()
db = Database()
cors = CORS()
