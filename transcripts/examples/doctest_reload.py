"""What reload does to a deleted name: the doctest of a blog post.

Deleting a function from the math module makes it disappear:

    >>> import importlib, math
    >>> del math.cos
    >>> math.cos
    Traceback (most recent call last):
        ...
    AttributeError: module 'math' has no attribute 'cos'

Since PEP 489 (Python 3.5), reloading an extension module does not run its
initialisation again, so the name stays deleted:

    >>> math = importlib.reload(math)
    >>> hasattr(math, 'cos')
    False

A module written in Python is executed again, so its names come back:

    >>> import json
    >>> del json.dumps
    >>> json = importlib.reload(json)
    >>> hasattr(json, 'dumps')
    True
"""
