from django.core.wsgi import get_wsgi_application

from config.environment import settings_module_required

settings_module_required()  # DJANGO_SETTINGS_MODULE=config.settings.production on a server; never assumed
application = get_wsgi_application()
