#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, if missing (a fresh Debian machine, as root).
set -euo pipefail
need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v pg_isready >/dev/null 2>&1 || need+=(postgresql-client)
command -v git >/dev/null 2>&1 || need+=(git)
# XSD and Schematron checks of the e-documents we write (UBL OrderResponse, later invoices).
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
[ -f /usr/share/java/Saxon-HE.jar ] || need+=(libsaxonhe-java)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
# pdftotext reads back the PDFs we write (order confirmations), and native PDFs people send.
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf) # qpdf --check reads the Factur-X PDFs we write (invoice/facturx)
# Handwriting fonts: the corpus generator (extract/layout/corpus) fills forms and CMRs by hand.
[ -f /usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf ] || need+=(fonts-humor-sans)
[ -f /usr/share/fonts/truetype/fifthhorseman/dkg.ttf ] || need+=(fonts-dkg-handwriting)
# tesseract reads scans, photos and image-only PDF pages (extract/layout/reader); its language data
# (eng, fra, deu) and orientation detection (osd) are separate packages.
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
tessdata=/usr/share/tesseract-ocr/5/tessdata
for lang in eng fra deu osd; do
  [ -f "$tessdata/$lang.traineddata" ] || need+=("tesseract-ocr-$lang")
done
# tiff2pdf wraps the pages of a (multi-page) TIFF scan in a PDF for pdftoppm to render.
command -v tiff2pdf >/dev/null 2>&1 || need+=(libtiff-tools)
# Tryton 6.0, the ERP that erp/tryton posts orders to in its integration test (scripts/tryton.sh
# starts it). sale, stock and account_invoice pull in the rest: company, currency, party, product,
# account, account_product, account_invoice_stock.
command -v trytond >/dev/null 2>&1 || need+=(tryton-server)
for mod in sale stock account-invoice; do
  [ -d "/usr/lib/python3/dist-packages/trytond/modules/${mod//-/_}" ] || need+=("tryton-modules-$mod")
done
# Chromium runs the browser test of the staff web app (chromedp in cmd/o2c/ui_browser_test.go).
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing packages: ${need[*]} (run as root, or install them)" >&2
    exit 1
  fi
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Go 1.26 is required (expected at /usr/local/go/bin)" >&2
  exit 1
fi
