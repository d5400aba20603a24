"""The models of the app: the records staff edit (the working copy), the editions and the
published copy the public reads, and page feedback. Each has its own module; importing
them here registers them, and `from missions.models import X` finds every model and choice.
"""

from missions.core.choices import Language, Precision, Status
from missions.models.editions import Edition
from missions.models.feedback import Feedback
from missions.models.published import (
    Appearance,
    FigureChange,
    PublishedFigure,
    PublishedUNFigure,
)
from missions.models.purging import PurgeJob
from missions.models.records import Mission, Posting, Publishable, Region
from missions.models.scheduling import ScheduledPublication
from missions.models.snapshots import DeploymentSnapshot
from missions.models.un import UNContribution

__all__ = [
    "Appearance",
    "DeploymentSnapshot",
    "Edition",
    "Feedback",
    "FigureChange",
    "Language",
    "Mission",
    "Posting",
    "Precision",
    "Publishable",
    "PublishedFigure",
    "PublishedUNFigure",
    "PurgeJob",
    "Region",
    "ScheduledPublication",
    "Status",
    "UNContribution",
]
