from django.urls import path

from resources import views

app_name = "resources"

urlpatterns = [
    path("", views.resource_list, name="list"),
    path("collections/", views.collection_list, name="collections"),
    path("collections/<slug:slug>/", views.collection_detail, name="collection"),
    path("<slug:slug>/", views.resource_detail, name="detail"),
]
