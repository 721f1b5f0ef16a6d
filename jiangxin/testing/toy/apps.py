from django.apps import AppConfig


class ToyConfig(AppConfig):
    name = "jiangxin.testing.toy"
    label = "toy"
    verbose_name = "Toy"
