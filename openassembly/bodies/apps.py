from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "openassembly.bodies"
    label = "bodies"

    def ready(self) -> None:
        from openassembly.bodies.powers import seats_in_force
        from openassembly.core import powers

        powers.register_seat_source(seats_in_force)  # powers come from the seats bodies hold
