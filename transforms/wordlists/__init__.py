"""Word lists shared by the text stages (entities, quotes, bylines, decoders): data, not logic.

``names``: honorifics with their gender, job and role titles written before names, name particles.
``given_names``: given names and their gender, from ``faker``'s per-locale person lists.
"""
