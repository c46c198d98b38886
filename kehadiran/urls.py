app_name = "kehadiran"

urlpatterns: list = []
