import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from sel.core.overload import LoadShedder

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sel.settings")
application = get_wsgi_application()
if settings.MAX_CONCURRENT_REQUESTS > 0:
    application = LoadShedder(  # type: ignore[assignment]
        application,
        max_concurrent=settings.MAX_CONCURRENT_REQUESTS,
        wait_seconds=settings.OVERLOAD_WAIT_SECONDS,
    )
