"""What the HTTP edges share: the API (:mod:`vet.api`) and the pages (:mod:`vet.web`) both
build on this layer and never import each other (``tests/test_layers.py`` checks it).

- :mod:`~vet.service.state`: the store, the limits and the lists a server serves
  (``ApiState``, pinned per request; ``ApiSettings``).
- :mod:`~vet.service.screening_jobs`: screenings and re-screenings run on the server's
  background thread, and how far each got.
- :mod:`~vet.service.screenings`: starting a screening from an uploaded file, a screening's
  flagged parties, screening it again; the ``{screening_id}`` path parameter.
- :mod:`~vet.service.downloads`: a saved screening's report as a download.
- :mod:`~vet.service.auth`: API keys, and the loopback rule for a server without them.
- :mod:`~vet.service.statuses`: the HTTP status of each library error.

The work itself (reading party files, screening, re-screening, decisions) is
:mod:`vet.screen`'s; this layer adds what a long-running server needs around it.
"""

from vet.service.screening_jobs import ScreeningJobs
from vet.service.state import ApiSettings, ApiState

__all__ = ["ApiSettings", "ApiState", "ScreeningJobs"]
