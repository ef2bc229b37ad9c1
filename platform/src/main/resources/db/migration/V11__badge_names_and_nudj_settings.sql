-- Badge names are unique per organisation among active badges, case-insensitively (seed 003's
-- badge-definitions contract, over the same badges as /badges). Global badges (no organisation)
-- are not constrained: nulls are distinct in a unique index.
--
-- /badges never refused a duplicate name, so existing data may hold some: the oldest badge keeps
-- its name and every later active duplicate gets its id appended ("Streak (42)"), which keeps the
-- original name readable and makes the index buildable. Inactive badges keep their names: a
-- deleted definition's name may be used again.
update badge b
set name = b.name || ' (' || b.id || ')', updated_at = now()
from (select id, row_number() over (partition by organisation_id, lower(name) order by id) as n
      from badge
      where active and organisation_id is not null) d
where d.id = b.id and d.n > 1;

create unique index badge_name_per_organisation on badge (organisation_id, lower(name)) where active;

-- The settings a nudj client may write (seed 001) that Podium's own columns do not hold: tags,
-- campaigns, communities, template flags, progress period, images, video. Podium never reads
-- them for scoring; the nudj endpoints store and echo them. Keys are the seed's field names.
alter table challenge add column nudj_settings jsonb not null default '{}';
