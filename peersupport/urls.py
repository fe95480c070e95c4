from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from groups import views as group_views
from lists import views as list_views
from peersupport import account_views, views

# The admin signs in through allauth too: the same rate limits and two-factor step.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", views.home, name="home"),
    path("safety/", views.safety, name="safety"),
    path("exit/", views.exit_site, name="exit"),
    path("healthz", views.healthz, name="healthz"),
    # Before groups/ and resources/: /groups/suggest/ is not a listing's page.
    path("", include("curation.urls")),
    path("groups/", include("groups.urls")),
    path("talk-now/", group_views.talk_now, name="talk_now"),
    path("resources/", include("resources.urls")),
    path("lists/", include("lists.urls")),
    path("shared/<str:token>/", list_views.shared_list, name="shared_list"),
    path("accounts/data/", account_views.account_data, name="account_data"),
    path("accounts/delete/", account_views.account_delete, name="account_delete"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "peersupport.views.bad_request"
handler500 = "peersupport.views.server_error"
