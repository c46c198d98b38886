app_name = "rekrutmen"

urlpatterns: list = []
