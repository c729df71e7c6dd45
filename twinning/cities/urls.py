from django.urls import path

from twinning.cities import views

app_name = "cities"

urlpatterns = [
    path("cities/<slug:slug>/", views.city_detail, name="city_detail"),
    path("relationships/", views.relationship_list, name="relationship_list"),
]
