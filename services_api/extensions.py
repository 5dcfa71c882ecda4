"""Extensions created unbound, bound to the app in create_app (the search index has its own
module, ``searching.extension``, which only the service factories and commands reach)."""

from flask_cors import CORS

from services_api.database import Database
from services_api.spec import ServicesApi

api = ServicesApi()
db = Database()
cors = CORS()
