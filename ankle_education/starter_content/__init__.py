"""The starter library about ankle pain after running, and the loader that puts it in the database.

The text is written in plain language (grade 6–8) from the clinic's source article and public
clinical sources. It loads as "in review": clinic staff review it before anything goes live.
"""
