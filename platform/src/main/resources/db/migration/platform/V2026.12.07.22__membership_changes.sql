-- Every change of a membership is announced on the channel tracehound_memberships as
-- '<workspace id>:<user id>', at commit. Instances that cache roles listen and forget the entry,
-- so a removed member or a lowered role counts at once on every instance.
CREATE FUNCTION memberships_announce() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM pg_notify('tracehound_memberships', OLD.workspace_id || ':' || OLD.user_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM pg_notify('tracehound_memberships', NEW.workspace_id || ':' || NEW.user_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER memberships_announce
    AFTER INSERT OR UPDATE OR DELETE
    ON memberships
    FOR EACH ROW
EXECUTE FUNCTION memberships_announce();
