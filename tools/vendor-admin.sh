#!/bin/sh
# Vendors the code of the CMS at /admin/ from npm at pinned versions, so the
# admin never loads code from a CDN:
#   make vendor-admin     (versions: DECAP_VERSION and JS_YAML_VERSION in the Makefile)
# decap-cms: the bundle, its lazily loaded chunks (code-editor modes, the WebP
# encoder) and its third-party notices, without source maps. js-yaml: the
# browser build, for the portal's own file format (plugins/portal_editors/admin/).
# Each folder gets VERSION (version, npm integrity hash, licence) and LICENSE.
set -eu
DECAP_VERSION="${1:?usage: vendor-admin.sh DECAP_VERSION JS_YAML_VERSION TARGET}"
JS_YAML_VERSION="${2:?usage: vendor-admin.sh DECAP_VERSION JS_YAML_VERSION TARGET}"
TARGET="${3:?usage: vendor-admin.sh DECAP_VERSION JS_YAML_VERSION TARGET}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# fetch PACKAGE VERSION: unpack the npm package into $work/PACKAGE/package
fetch() {
    mkdir -p "$work/$1"
    (cd "$work/$1" && npm pack --silent "$1@$2" >/dev/null && tar xzf "$1-$2.tgz")
}

# record PACKAGE VERSION FOLDER NOTE: write FOLDER/VERSION
record() {
    integrity=$(npm view "$1@$2" dist.integrity)
    printf 'package: %s\nversion: %s\nintegrity: %s\nlicense: MIT (LICENSE)%s\nsource: npm pack %s@%s\n' \
        "$1" "$2" "$integrity" "$4" "$1" "$2" > "$3/VERSION"
}

fetch decap-cms "$DECAP_VERSION"
fetch js-yaml "$JS_YAML_VERSION"
rm -rf "$TARGET/decap-cms" "$TARGET/js-yaml"
mkdir -p "$TARGET/decap-cms" "$TARGET/js-yaml"

dist="$work/decap-cms/package/dist"
cp "$dist/decap-cms.js" "$dist/"*.decap-cms.js "$dist/"*.wasm "$dist/decap-cms.js.LICENSE.txt" "$TARGET/decap-cms/"
record decap-cms "$DECAP_VERSION" "$TARGET/decap-cms" "; bundled third-party notices: decap-cms.js.LICENSE.txt"
# The npm package has no licence file; this is the repository's LICENSE (github.com/decaporg/decap-cms).
cat > "$TARGET/decap-cms/LICENSE" <<'LICENSE'
Copyright (c) 2016 Netlify <decap@p-m.si>

MIT License

Permission is hereby granted, free of charge, to any person obtaining
a copy of this software and associated documentation files (the
"Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to
the following conditions:

The above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
LICENSE

cp "$work/js-yaml/package/dist/browser/js-yaml.umd.min.js" "$work/js-yaml/package/LICENSE" "$TARGET/js-yaml/"
record js-yaml "$JS_YAML_VERSION" "$TARGET/js-yaml" ""
echo "Vendored decap-cms $DECAP_VERSION and js-yaml $JS_YAML_VERSION into $TARGET"
