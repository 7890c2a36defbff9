# Sourced (POSIX sh) by ./mvnw, ./phoenix and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Looks at $JAVA_HOME, then `java` on PATH, then /usr/lib/jvm/* (newest first).
# On failure prints exactly what was examined and returns 1.
phoenix_java_major() { # $1 = java home; prints the major version, or nothing if not a JDK
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  # the JDK's release file names its version (JAVA_VERSION="25.0.3"): no JVM start needed
  _pj_r=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)
  if [ -n "$_pj_r" ]; then echo "$_pj_r"; return 0; fi
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
phoenix_find_jdk() {
  _pj_cands=""
  [ -n "${JAVA_HOME:-}" ] && _pj_cands="$JAVA_HOME"
  if command -v java >/dev/null 2>&1; then
    _pj_c=$(readlink -f "$(command -v java)")
    _pj_cands="$_pj_cands
${_pj_c%/bin/java}"
  fi
  _pj_cands="$_pj_cands
$(find /usr/lib/jvm -mindepth 1 -maxdepth 1 2>/dev/null | sort -rV)"
  _pj_seen=""
  _pj_old_ifs=$IFS
  IFS='
'
  for _pj_c in $_pj_cands; do
    [ -n "$_pj_c" ] || continue
    _pj_v=$(phoenix_java_major "$_pj_c")
    _pj_seen="$_pj_seen
  $_pj_c: ${_pj_v:-not a JDK (no bin/java and bin/javac)}"
    if [ -n "$_pj_v" ] && [ "$_pj_v" -ge 21 ]; then
      IFS=$_pj_old_ifs
      JAVA_HOME="$_pj_c"; export JAVA_HOME
      return 0
    fi
  done
  IFS=$_pj_old_ifs
  echo "phoenix: no JDK 21 or newer found. Examined:$_pj_seen" >&2
  echo "Install one (e.g. 'apt-get install openjdk-21-jdk-headless') or point JAVA_HOME at it." >&2
  return 1
}
