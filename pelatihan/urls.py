app_name = "pelatihan"

urlpatterns: list = []
