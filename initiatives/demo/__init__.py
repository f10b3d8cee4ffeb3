"""City-scale demo data for the initiatives catalogue (`manage.py load_demo --scale city`).

`texts` holds the Russian templates titles, summaries, descriptions and comments
are assembled from; `city` writes tens of thousands of residents, a hundred
thousand initiatives and a million supports on top of the normal demo.
"""
