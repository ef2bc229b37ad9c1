# Sourced by ./mvnw and the scripts in bin/: use a JDK 21 or newer even where the machine's default
# `java` is older. An explicit JAVA_HOME that is already 21+ wins; otherwise the newest 21+ JDK under
# /usr/lib/jvm (or PODIUM_JDK_DIRS) is chosen.
podium_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}
podium_jdk_ok() {
  [ -x "$1/bin/java" ] || return 1
  _podium_v=$(podium_java_major "$1")
  [ -n "$_podium_v" ] && [ "$_podium_v" -ge 21 ] 2>/dev/null
}
if [ -z "${JAVA_HOME-}" ] || ! podium_jdk_ok "$JAVA_HOME"; then
  _podium_default=$(command -v java 2>/dev/null || true)
  _podium_default_home=""
  [ -n "$_podium_default" ] && _podium_default_home=$(dirname "$(dirname "$(readlink -f "$_podium_default")")")
  if [ -n "$_podium_default_home" ] && podium_jdk_ok "$_podium_default_home"; then
    JAVA_HOME=$_podium_default_home
  else
    _podium_best=""
    _podium_best_v=0
    _podium_flags=$-
    set +f
    for _podium_dir in ${PODIUM_JDK_DIRS:-/usr/lib/jvm/* /opt/java/* /opt/jdk*}; do
      [ -d "$_podium_dir" ] || continue
      if podium_jdk_ok "$_podium_dir" && [ "$_podium_v" -gt "$_podium_best_v" ]; then
        _podium_best=$_podium_dir
        _podium_best_v=$_podium_v
      fi
    done
    case "$_podium_flags" in *f*) set -f ;; esac
    if [ -n "$_podium_best" ]; then
      JAVA_HOME=$_podium_best
    else
      echo "Podium needs a JDK 21 or newer: set JAVA_HOME to one." >&2
      exit 1
    fi
  fi
  export JAVA_HOME
fi
