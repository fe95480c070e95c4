from django.urls import path

from resources import list_views

app_name = "lists"

urlpatterns = [
    path("", list_views.list_index, name="index"),
    path("save/", list_views.save_item, name="save"),
    path("<int:pk>/", list_views.list_detail, name="detail"),
    path("<int:pk>/delete/", list_views.list_delete, name="delete"),
    path("<int:pk>/share/", list_views.list_share, name="share"),
    path("<int:pk>/print/", list_views.list_print, name="print"),
    path("<int:pk>/export.csv", list_views.list_csv, name="csv"),
    path("<int:pk>/items/<int:item_pk>/note/", list_views.item_note, name="item_note"),
    path("<int:pk>/items/<int:item_pk>/move/", list_views.item_move, name="item_move"),
    path("<int:pk>/items/<int:item_pk>/remove/", list_views.item_remove, name="item_remove"),
]
