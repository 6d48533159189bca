#!/usr/bin/env bash
# `npm run notebooks`: converts notebooks/NN-*.ts into notebooks/NN-*.ipynb and
# executes each one headless, in place, on Deno's Jupyter kernel (nbconvert), so
# the committed notebooks carry their outputs. Fails on the first cell error.
#   npm run notebooks                 every notebook
#   npm run notebooks -- 01 03        the notebooks whose names start with 01, 03
#   TOKENSIM_FULL=1 npm run notebooks full-size studies
# Installs Debian's jupyter-nbconvert, python3-ipykernel and librsvg2-bin (rsvg-convert,
# for PNG copies of the SVG charts) when missing (as root or through sudo), and a
# project-local Deno kernelspec in .jupyter/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v jupyter-nbconvert >/dev/null 2>&1 || ! /usr/bin/python3 -c "import ipykernel" >/dev/null 2>&1 \
  || ! command -v rsvg-convert >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "jupyter-nbconvert is missing and this user cannot install it: apt-get install jupyter-nbconvert python3-ipykernel librsvg2-bin" >&2
    exit 1
  fi
  echo "installing jupyter-nbconvert, python3-ipykernel and librsvg2-bin (Debian packages)..." >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    jupyter-nbconvert python3-ipykernel librsvg2-bin >/dev/null
fi

deno="$PWD/node_modules/deno/deno"
# The deno package links its platform package's binary there in a postinstall script;
# where install scripts did not run, take the platform package's binary itself.
if [ ! -x "$deno" ]; then
  for d in "$PWD"/node_modules/@deno/*/deno; do [ -x "$d" ] && deno="$d" && break; done
fi
if [ ! -x "$deno" ]; then
  echo "no Deno binary at $deno: run npm ci" >&2
  exit 1
fi
# The Deno kernel, as `deno jupyter --install` writes it, but into this checkout
# (that command always writes to ~/.local/share/jupyter).
mkdir -p .jupyter/kernels/deno
cat > .jupyter/kernels/deno/kernel.json <<JSON
{
  "argv": ["$deno", "jupyter", "--kernel", "--conn", "{connection_file}"],
  "display_name": "Deno",
  "language": "typescript"
}
JSON
export JUPYTER_PATH="$PWD/.jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export NO_COLOR=1

sources=()
if [ "$#" -eq 0 ]; then
  sources=(notebooks/[0-9][0-9]-*.ts)
else
  for prefix in "$@"; do
    for f in notebooks/"$prefix"*.ts; do [ -f "$f" ] && sources+=("$f"); done
  done
fi
if [ "${#sources[@]}" -eq 0 ]; then
  echo "no notebook matches: $*" >&2
  exit 2
fi

npx tsx scripts/notebooks/convert.ts "${sources[@]}"
start=$SECONDS
for src in "${sources[@]}"; do
  nb="${src%.ts}.ipynb"
  t0=$SECONDS
  echo "executing $nb ..." >&2
  execute() {
    jupyter-nbconvert --to notebook --execute --inplace \
      --ExecutePreprocessor.kernel_name=deno \
      --ExecutePreprocessor.timeout=1800 \
      --ExecutePreprocessor.record_timing=False \
      --log-level=WARN "$nb"
  }
  execute
  # A display the kernel sent after reporting the cell done is dropped: run it once more.
  if ! npx tsx scripts/notebooks/convert.ts --check "$nb"; then
    echo "$nb: outputs missing, executing again" >&2
    execute
    npx tsx scripts/notebooks/convert.ts --check "$nb"
  fi
  # A PNG next to each SVG chart, for viewers that do not render SVG outputs.
  npx tsx scripts/notebooks/convert.ts --png "$nb"
  echo "$nb: $((SECONDS - t0)) s" >&2
done
echo "notebooks: ${#sources[@]} executed in $((SECONDS - start)) s" >&2
