"""Reads for the public initiative pages: list, map, detail.

Every page is fetched with a fixed number of queries — select_related for single
relations, subqueries or Prefetch for many — so a page costs the same with 5
initiatives (or comments, or photos) as with 500. Views pick a selector and render;
nothing here changes state (that is `initiatives.services`). Tunable limits live in the
module that reads them (patch `selectors.catalogue.SEARCH_CANDIDATES`, not this package).
"""

from .catalogue import *  # noqa: F403
from .detail import *  # noqa: F403
