"""Word lists shared by the text stages (entities, quotes, bylines, decoders): data, not logic.

``names``: honorifics with their gender, job and role titles written before names, name particles.
``credits``: words of credit lines (agencies, desks, organisations, page furniture, job titles after names).
``given_names``: given names and their gender, from ``faker``'s per-locale person lists.
"""
