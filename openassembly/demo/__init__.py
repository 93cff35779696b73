"""The demo organisation (`make demo`): a fictional alliance loaded through the real services.

It sits above every other app and nothing imports it, so no app depends on demo data.
"""
