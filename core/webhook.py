"""The webhook's own facts, as Cloud Softphone documents them: one table, read everywhere."""

from typing import Final

#: The scalar parameters, in the order the documentation lists them.
SCALAR_PARAMETERS: Final = ("new_smart_number", "network_id", "new_smart_uri")

#: The party list placeholder as the documentation's templates spell it.
PARTY_LIST_PLACEHOLDER: Final = "interestedParties"

#: The parameter's own name, also accepted in templates, with a warning.
PARTY_LIST_PARAMETER: Final = "interested_parties"

PARTY_LIST_SPELLINGS: Final = (PARTY_LIST_PLACEHOLDER, PARTY_LIST_PARAMETER)

#: Every placeholder name the template may use.
PLACEHOLDERS: Final = (*SCALAR_PARAMETERS, *PARTY_LIST_SPELLINGS)

#: The keys of one party, in the order Cloud Softphone writes them.
PARTY_KEYS: Final = ("username", "device")

JSON: Final = "application/json"
XML: Final = "application/xml"
CONTENT_TYPES: Final = (JSON, XML)

#: The only status that counts: anything else is silently dropped.
SUCCESS_STATUS: Final = 204

DEFAULT_USER_AGENT: Final = "Sync Server 1.1"
DEFAULT_TIMEOUT: Final = 10.0

#: The portal's provisioning settings, by the portal's own names.
URL_SETTING: Final = "smartContactNotificationUrl"
CONTENT_TYPE_SETTING: Final = "smartContactNotificationContentType"
TEMPLATE_SETTING: Final = "smartContactNotificationPostData"
PORTAL_SETTINGS: Final = (URL_SETTING, CONTENT_TYPE_SETTING, TEMPLATE_SETTING)

#: Human labels for the notification fields, used by lint, errors and the UI alike.
FIELD_LABELS: Final = {
    "new_smart_number": "new smart number",
    "network_id": "network id",
    "new_smart_uri": "new smart URI",
    "interested_parties": "interested parties",
    "username": "username",
    "device": "device",
}
