-- The change feed: every committed change to the watchlist, the history or
-- the alerts notifies the channel akimwatch_changes (payload: the writing
-- process's akimwatch.origin, so an app skips its own writes) and moves
-- akimwatch_change_seq, which an app polls where LISTEN is not available
-- (a pooler in transaction mode). Statement-level: a refresh batch of 100
-- readings is one notification, and PostgreSQL folds equal notifications of
-- one transaction into one.
CREATE SEQUENCE akimwatch_change_seq;

-- SET search_path FROM CURRENT: the function finds its sequence whatever
-- the search path of the session that writes (psql, a DBA's script).
CREATE FUNCTION akimwatch_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM nextval('akimwatch_change_seq');
    PERFORM pg_notify('akimwatch_changes', coalesce(current_setting('akimwatch.origin', true), ''));
    RETURN NULL;
END
$$;

CREATE TRIGGER officials_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON officials
    FOR EACH STATEMENT EXECUTE FUNCTION akimwatch_changed();
CREATE TRIGGER accounts_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON accounts
    FOR EACH STATEMENT EXECUTE FUNCTION akimwatch_changed();
CREATE TRIGGER snapshots_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON snapshots
    FOR EACH STATEMENT EXECUTE FUNCTION akimwatch_changed();
CREATE TRIGGER alerts_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON alerts
    FOR EACH STATEMENT EXECUTE FUNCTION akimwatch_changed();
