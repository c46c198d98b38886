"""Attack suite: an access-control matrix over every route × role (test_access_matrix.py) and a CSRF sweep over
every route (test_csrf_sweep.py). Routes come from the URL conf (tests/urlwalk.py), objects from the apps'
SCOPED_OBJECTS factories; world.py builds the two instansi once per module, support.py sends the requests and
tells denials from leaks."""
