#!/bin/sh
# Vendors the built files of the Québec government's design system (qc-trousse-sdg, ISC licence)
# into sel/static/qc-sdg/, so that serving and testing SEL never need Node. Run by `make assets`;
# needs npm (the registry only: `npm pack` fetches the published package without its dependencies).
# To move to a newer release: change VERSION and SHA1 (from `npm view qc-trousse-sdg@X dist.shasum`),
# run `make assets`, look at the pages (`make screenshots`), and commit the result.
set -eu

VERSION=1.5.1
SHA1=fa7304a65e74609382eb9f4c97707eda12b76746
DEST=sel/static/qc-sdg

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm pack --silent --pack-destination "$work" "qc-trousse-sdg@$VERSION" >/dev/null
tarball="$work/qc-trousse-sdg-$VERSION.tgz"
echo "$SHA1  $tarball" | sha1sum -c --quiet -
tar -xzf "$tarball" -C "$work"
kit="$work/package"

# LICENCES.md and OFL.txt beside them are kept: they are written by hand, not by the kit.
rm -rf "$DEST/css" "$DEST/fonts" "$DEST/img"
mkdir -p "$DEST/css" "$DEST/fonts" "$DEST/img"
# The whole kit's stylesheet (tokens, typography, grid, components); it refers to ../fonts/.
cp "$kit/dist/css/qc-sdg.min.css" "$DEST/css/"
# Open Sans (content) and Roboto (headings), the two families the stylesheet declares.
cp "$kit"/dist/fonts/open-sans-*.woff2 "$kit"/dist/fonts/roboto-v*.woff2 "$DEST/fonts/"
# The Québec signature, white for the header and in colour for the footer.
cp "$kit/dist/img/QUEBEC_blanc.svg" "$kit/dist/img/QUEBEC_couleur.svg" "$DEST/img/"
printf 'qc-trousse-sdg %s (npm), sha1 %s\n' "$VERSION" "$SHA1" > "$DEST/VERSION"
echo "qc-trousse-sdg $VERSION vendored into $DEST"
