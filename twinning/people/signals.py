from django.dispatch import Signal

# Sent after a person or organisation was saved, hidden or shown again (argument: obj).
entry_changed = Signal()
