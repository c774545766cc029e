"""kotm.web: ``kotm serve``, the use cases of ``kotm.api`` over HTTP — a page for people, a JSON API under
``/api/v1/`` and feeds for CAT tools (``/export/…``).

``kotm.web.app.create_app`` builds the application; ``kotm.web.app.serve`` runs it with uvicorn. Its dependencies
are the ``serve`` extra (``pip install 'kotm[serve]'``): this package imports them, ``kotm.cli`` only imports this
package inside ``kotm serve``.
"""
