"""The sample event: the new Smart user and the parties who have them in their contacts."""

from typing import NamedTuple


class Party(NamedTuple):
    """One entry of ``interested_parties``."""

    username: str
    device: str


class Notification(NamedTuple):
    """One new-smart-contact event, as Cloud Softphone fills in the template."""

    new_smart_number: str = ""
    network_id: str = ""
    new_smart_uri: str = ""
    interested_parties: tuple[Party, ...] = ()

    def scalars(self) -> dict[str, str]:
        """The three scalar parameters by name."""
        return {
            "new_smart_number": self.new_smart_number,
            "network_id": self.network_id,
            "new_smart_uri": self.new_smart_uri,
        }
