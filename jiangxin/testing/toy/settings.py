from jiangxin.settings.test import *  # noqa: F403
from jiangxin.settings.test import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "jiangxin.testing.toy"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
