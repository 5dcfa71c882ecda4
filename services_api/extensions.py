"""Extensions created unbound, bound to the app in create_app."""

from flask_cors import CORS
from flask_smorest import Api

from services_api.database import Database
from services_api.searching.extension import SearchIndex

api = Api()
db = Database()
cors = CORS()
search_index = SearchIndex()
