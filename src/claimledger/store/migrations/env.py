"""Alembic's environment: run the migrations on the connection ``upgrade`` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from claimledger.store.migrations import include_object
from claimledger.store.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # the alembic command line: the ledger named by -x db=... (default ./claimledger.db)
    from claimledger.store.handle import database_url

    connection = create_engine(database_url(context.get_x_argument(as_dictionary=True).get("db"))).connect()
context.configure(connection=connection, target_metadata=Base.metadata, include_object=include_object,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
