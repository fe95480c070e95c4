from django.contrib import admin
from django.urls import include, path

from peersupport import views

urlpatterns = [
    path("", views.home, name="home"),
    path("safety/", views.safety, name="safety"),
    path("exit/", views.exit_site, name="exit"),
    path("healthz", views.healthz, name="healthz"),
    path("groups/", include("groups.urls")),
    path("resources/", include("resources.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "peersupport.views.server_error"
