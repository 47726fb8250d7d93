#!/usr/bin/env bash
# Adds an EF Core migration to both providers' sets: Storage/Migrations/Sqlite and Storage/Migrations/Postgres.
# Usage: tools/add-migration.sh NAME
# dotnet-ef writes the model snapshot over any file of the same name in the project, and both sets have a
# HavenDbContextModelSnapshot.cs, so the other provider's snapshot is moved aside during each run.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: tools/add-migration.sh NAME}
export PATH="$PATH:$HOME/.dotnet/tools"
migrations=src/Haven.Core/Storage/Migrations
aside=$(mktemp -d)
restore() { for f in "$aside"/*; do [ -e "$f" ] && mv "$f" "$migrations/$(basename "$f" .snapshot)/HavenDbContextModelSnapshot.cs"; done; rmdir "$aside"; }
trap restore EXIT
for pair in sqlite:Sqlite postgres:Postgres; do
    provider=${pair%%:*} folder=${pair##*:}
    other=$([ "$folder" = Sqlite ] && echo Postgres || echo Sqlite)
    [ -e "$migrations/$other/HavenDbContextModelSnapshot.cs" ] && mv "$migrations/$other/HavenDbContextModelSnapshot.cs" "$aside/$other.snapshot"
    Haven__Database__Provider=$provider dotnet ef migrations add "$name" --context HavenDbContext \
        --project src/Haven.Core --startup-project src/Haven.Core \
        --output-dir "Storage/Migrations/$folder" --namespace "Haven.Storage.Migrations.$folder"
    # Without a snapshot to overwrite, dotnet-ef puts a new one in a folder named after the namespace.
    stray=src/Haven.Core/Haven/Storage/Migrations/$folder/HavenDbContextModelSnapshot.cs
    if [ -e "$stray" ]; then mv "$stray" "$migrations/$folder/"; rm -r src/Haven.Core/Haven; fi
    restore
    aside=$(mktemp -d)
done
