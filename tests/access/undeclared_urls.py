from django.http import HttpResponse
from django.urls import path


def undeclared(request):
    return HttpResponse("should never be served")


urlpatterns = [path("undeclared/", undeclared)]
