from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "openassembly.bodies"
    label = "bodies"

    def ready(self) -> None:
        from openassembly.bodies.powers import seats_in_force
        from openassembly.bodies.services import apply_constitution
        from openassembly.core import hooks, powers

        powers.register_seat_source(seats_in_force)  # powers come from the seats bodies hold
        hooks.on_constitution_applied(apply_constitution)  # bodies and seats follow it

        from . import authority, events

        events.register_kinds()
        authority.register()  # nominations recorded by an affiliate's contact are authority
