/** The city centre: every hall's event log in PostgreSQL, and the views built from it. */
export const CENTRAL_SCHEMA_VERSION = 0;
