from django.urls import path

from curation import views

app_name = "curation"

urlpatterns = [
    path("groups/suggest/", views.suggest_listing, name="suggest_listing"),
    path("groups/<slug:slug>/report/", views.group_report, name="group_report"),
    path("resources/suggest/", views.suggest_resource, name="suggest_resource"),
    path("resources/<slug:slug>/report/", views.resource_report, name="resource_report"),
    path("thank-you/", views.sent, name="sent"),
    path("organisers/", views.organiser_listings, name="organiser_listings"),
    path("organisers/<slug:slug>/change/", views.propose_change, name="propose_change"),
    path("check/<str:token>/", views.still_right, name="still_right"),
    path("check/<str:token>/changed/", views.changed, name="changed"),
    path("curation/", views.queue, name="queue"),
    path("curation/due/", views.due, name="due"),
    path("curation/import/", views.import_file, name="import"),
    path("curation/import/guide.txt", views.import_guide, name="import_guide"),
    path("curation/export/<slug:table>.csv", views.export_file, name="export"),
    path("curation/history/<slug:kind>/<int:pk>/", views.history, name="history"),
    path("curation/<slug:kind>/<int:pk>/", views.review, name="review"),
]
