from django.http import HttpResponse
from django.urls import path

app_name = "toy"
urlpatterns = [path("", lambda request: HttpResponse("toy page"), name="index")]
