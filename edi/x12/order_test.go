package x12_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/o2c-project/o2c"
	"github.com/o2c-project/o2c/edi/x12"
	"github.com/o2c-project/o2c/extract"
)

// orderWant is what a test asserts of one draft; values read from the corpus files themselves.
type orderWant struct {
	po, typ, date, delivery, currency string
	lines                             int
	sample                            map[int]string // line index -> lineString
	buyer, shipTo, billTo             string         // partyString; "" is not checked
	notes                             []string       // fragments the notes hold
}

func TestOrdersCorpus(t *testing.T) {
	t.Parallel()
	po := string(o2c.DocPurchaseOrder)
	widget := orderWant{po: "95018017", typ: po, date: "2007-09-29", lines: 1,
		sample: map[int]string{0: "no=1 qty=4 unit=C62 price=330 buyer=525 supplier=X357-W2 gtin= desc=HIGH PERFORMANCE WIDGET"},
		shipTo: "JIT MANUFACTURING|BUILDING 3B, 2001 ENTERPRISE PARK||JUAREZ|MX||",
		billTo: "JIT MANUFACTURING|400 INDUSTRIAL PARKWAY|66030|INDUSTRIAL AIRPORT|||",
		notes:  []string{"seller (SE): UNIVERSAL WIDGETS, 375 PLYMOUTH PARK, SUITE 205, IRVING TX 75061", "party (AK): JIT MANUFACTURING"}}
	campShirts := orderWant{po: "91393058", typ: po, date: "1997-11-07", delivery: "1998-02-10", lines: 8,
		sample: map[int]string{
			0: "no=0 qty=6 unit=C62 price=12 buyer=17920108 supplier= gtin= desc=KAK S/S PRINT CAMP; OR/BK",
			7: "no=0 qty=6 unit=C62 price=12 buyer=17950204 supplier= gtin= desc=KAK PRINT PANT; BKML2",
		},
		buyer: "-", shipTo: "|AAAAAAAAAAA, AAAAAAAAAAAAAAAAAAA|00928|GUAYNABO|||",
		notes: []string{"reference DP: 845", "cancel after: 1998-03-01", "ship_to: id 92 (assigned by buyer) 333333", "buyer: id 92 (assigned by buyer) 33333"}}
	mirror1 := orderWant{po: "3768856", typ: po, date: "2006-12-04", delivery: "2006-12-05", lines: 1,
		sample: map[int]string{0: `no=1 qty=1 unit=C62 price=125 buyer=46234 supplier=MT644 gtin= desc=29X39" SILVER BEVELED GLASS OVAL MIRROR`},
		buyer:  "||||||WWWWWWWW@WWWWWWWWW.COM", shipTo: "SSSSSSSSSSSSSS|6755 SSSSS RD|75605|LONGVIEW|US||",
		notes: []string{"requested ship: 2006-12-05", "message: PH# 9036631352"}}
	mirror2 := orderWant{po: "3769108", typ: po, date: "2006-12-04", delivery: "2006-12-05", lines: 1,
		sample: map[int]string{0: `no=1 qty=2 unit=C62 price=85.5 buyer=64832 supplier=MIR020 gtin= desc=26X30" OVAL CLASSIC MIRROR`},
		buyer:  "||||||PKHAMSSE@LAMPSPLUS.COM", shipTo: "KATHLEEN HALL|488 LINDBERGH AVE, ALL PHASE BUILDERS|94551|LIVERMORE|US||",
		billTo: "LAMPS PLUS|20250 PLUMMER|91311|CHATSWORTH|US||"}
	doors := orderWant{po: "801104", typ: po, date: "2005-07-18", currency: "USD", lines: 3,
		sample: map[int]string{
			0: "no=1 qty=8 unit=CR price=0 buyer=MPDGART supplier= gtin= desc=LOCK HARDWARE 8/0 LOCK GEAR TONGUE",
			2: "no=3 qty=80 unit=C62 price=0 buyer=MPTS112374-1C supplier= gtin= desc=HANDLESET ACTIVE HEIRLOOM BRUSHED NICKEL",
		},
		shipTo: "THERMA TRU INDIANA DOOR|108 MUTZFELD ROAD|46721|BUTLER|US||",
		notes:  []string{"release number (BEG04): 001", "line 0003: delivery requested 2005-08-11"}}
	books := orderWant{po: "PONUM-1234567", typ: po, date: "1998-01-31", delivery: "1998-02-05", lines: 8,
		sample: map[int]string{
			1: "no=2 qty=23 unit=C62 price=- buyer= supplier= gtin= desc=",
			7: "no=8 qty=18 unit=C62 price=- buyer= supplier= gtin= desc=",
		},
		shipTo: "-", billTo: "-",
		notes: []string{"line 2: price 29.5 is of basis SR (PO105)", "line 2: product IB 0835210022", "ship_to: id 15 (SAN) 6678157"}}
	upcs := orderWant{po: "12345678", typ: po, date: "2007-08-31", lines: 4,
		sample: map[int]string{
			0: "no=0 qty=1 unit=XCS price=23.52 buyer= supplier= gtin=123456789012 desc=",
			2: "no=0 qty=1 unit=XCS price=23.52 buyer= supplier= gtin= desc=",
			3: "no=0 qty=1 unit=XCS price=26.28 buyer= supplier= gtin=456789012345 desc=",
		},
		notes: []string{"PO1 #3: product N4 34567890123", "bill_to and ship_to: id 11 ABC123451"}}
	catalogue := func(po, date, delivery string, lines int, sample map[int]string, shipTo string) orderWant {
		return orderWant{po: po, typ: string(o2c.DocPurchaseOrder), date: date, delivery: delivery, currency: "CAD", lines: lines, sample: sample, shipTo: shipTo,
			notes: []string{"reference IA: 578856"}}
	}
	safeway := orderWant{po: "520981", typ: po, date: "2001-10-01", delivery: "2001-10-11", lines: 2,
		sample: map[int]string{
			0: "no=0 qty=20 unit=XCS price=226.56 buyer=71039103 supplier=4531 gtin= desc=Grocery Item Description                  24/360 ML",
			1: "no=0 qty=100 unit=XCS price=- buyer=30100219 supplier=19828 gtin= desc=Random Weight Item Description            1/PER KG",
		},
		shipTo: "MACDONALDS CO A DIV. OF CANADA SAFE|7505 48th St. S.E., Unit 100|T2C4C7|Calgary|||",
		notes:  []string{"PO1 #2: price 2.82 is of basis PP (PO105)", "ship_to: id 9 (DUNS+4) 2100988521100", "message: CONDITIONS AS SAFEWAY PURCHASE ORDER FORM 662"}}
	bay := func(po string, lines int, sample map[int]string) orderWant {
		return orderWant{po: po, typ: string(o2c.DocPurchaseOrder), date: "2004-08-05", currency: "CAD", lines: lines, sample: sample, shipTo: "-",
			notes: []string{"do not deliver before: 2004-08-08", "do not deliver after: 2004-08-13", "ship_to: id 92 (assigned by buyer) 1602"}}
	}
	tests := []struct {
		file   string
		orders []orderWant
		err    []string // rule, then fragments of the fault, when Orders must fail
	}{
		{file: "bots-plugins/850-004010-01.x12", orders: []orderWant{campShirts}},
		{file: "bots-plugins/850-004010-02.x12", orders: []orderWant{widget, widget, widget, widget}},
		{file: "bots-plugins/850-004010-03.x12", orders: []orderWant{{po: "0123456789123", typ: po, date: "1998-01-06", lines: 3,
			sample: map[int]string{
				0: "no=1 qty=2 unit=C62 price=- buyer= supplier= gtin= desc=",
				1: "no=2 qty=10 unit=C62 price=- buyer= supplier= gtin= desc=",
				2: "no=3 qty=5 unit=C62 price=- buyer= supplier= gtin= desc=",
			},
			shipTo: "-", billTo: "-",
			notes: []string{"line 1: price 10.5 is of basis SR (PO105)", "line 3: product IB 0835208338", "cancel if not shipped by: 1998-06-15"}}}},
		{file: "bots-plugins/850-004010-04.x12", orders: []orderWant{{po: "548177", typ: po, date: "2003-06-27", delivery: "2003-07-05", lines: 5,
			notes: []string{"CTT01 says 1 line items; the order has 5 PO1 segments"}}}},
		{file: "bots-plugins/850-004010-05.x12", orders: []orderWant{doors, books}},
		{file: "bots-plugins/850-004010-06.x12", orders: []orderWant{{po: "2619003", typ: po, date: "2002-02-22", delivery: "2002-03-04", lines: 6,
			notes: []string{"CTT01 says 1 line items; the order has 6 PO1 segments"}}}},
		{file: "bots-plugins/850-004010-10.x12", orders: []orderWant{mirror1, mirror2}},
		{file: "bots-plugins/850-004010-11.x12", orders: []orderWant{{po: "1234512345", typ: po, date: "2006-02-10", delivery: "2006-03-08", lines: 1,
			sample: map[int]string{0: "no=1 qty=2 unit=C62 price=37.65 buyer=956591117 supplier= gtin=499565911171 desc=ASSORTMENT ASSORTM NC NoSz SLID01"},
			buyer:  "MERVYNS DC 00996|MERVYN'S DISTRIBUTION CENTER 1015 VINTAGE AVENUE|91761|ONTARIO|US||",
			notes:  []string{"ship no later: 2006-03-15", "reference IA: 0234567 VENDOR NAME", "message: ASSORTMENT ITEM"}}}},
		{file: "bots-plugins/850-004010-ascii-lf.x12", orders: []orderWant{upcs}},
		{file: "bots-plugins/850-004010VICS-01.x12", orders: []orderWant{
			bay("15918851602", 64, map[int]string{
				0:  "no=1 qty=7 unit=C62 price=34.98 buyer=01112061 supplier= gtin=058824014093 desc=",
				63: "no=64 qty=6 unit=C62 price=42.48 buyer=31057763 supplier= gtin=058824027888 desc=",
			}),
			bay("15918861602", 58, map[int]string{0: "no=1 qty=3 unit=C62 price=2.08 buyer=01104771 supplier= gtin=058824075414 desc="}),
			bay("15918871602", 25, nil),
			bay("15918881602", 22, map[int]string{21: "no=22 qty=19 unit=C62 price=19.49 buyer=25385535 supplier= gtin=058824068461 desc="}),
		}},
		{file: "bots-plugins/850-004010VICS-02.x12", orders: []orderWant{safeway}},
		{file: "bots-plugins/850-004030-01.x12", orders: []orderWant{catalogue("587852", "2005-06-01", "2005-06-08", 2,
			map[int]string{1: "no=2 qty=6 unit=C62 price=22 buyer=56065150 supplier=5323-1151 gtin= desc="}, "RRRRRRRRRRRRRRRRRRRRRRR|10 BBBBBBBBBBBBBB, WWWWWWWWWWWWWWWWWWWWWWWWWWW|||||")}},
		{file: "bots-plugins/850-004030-02.x12", orders: []orderWant{
			catalogue("589094", "2005-06-03", "2005-07-06", 26,
				map[int]string{25: "no=26 qty=22 unit=C62 price=24.8 buyer=60335130 supplier=5383-1204 gtin= desc="},
				"BELLEVILLE CATALOGUE CENTRE|500 COLLEGE STREET EAST, BELLEVILLE   , ON., K8N 5T2|||||"),
			catalogue("589109", "2005-06-03", "2005-06-27", 26,
				map[int]string{7: "no=8 qty=9 unit=C62 price=27.6 buyer=54903030 supplier=5383-3118 gtin= desc="},
				"REGINA CATALOGUE CENTRE|1050 BROAD STREET, REGINA       , SK., S4R 5E1|||||"),
			catalogue("604025", "2005-06-03", "2005-06-10", 4,
				map[int]string{3: "no=4 qty=6 unit=C62 price=30 buyer=54023110 supplier=5323-3101 gtin= desc="}, ""),
		}},
		{file: "bots-plugins/850-004030VICS-01.x12", orders: []orderWant{{po: "520981", typ: po, date: "2001-10-01", delivery: "2001-10-11", lines: 2,
			sample: safeway.sample, billTo: "CANADA SAFEWAY LIMITED|P.O. BOX 2095, STATION M|T2P2M4|CALGARY|||",
			notes: []string{"message: EDI VENDOR       ACCT 49999001"}}}},
		{file: "staedi/810_850_dual.edi", orders: []orderWant{{po: "S115921858", typ: po, date: "2004-03-17", lines: 4,
			sample: map[int]string{
				0: "no=1 qty=150 unit=C62 price=- buyer=02006 supplier= gtin= desc=",
				3: "no=4 qty=25 unit=C62 price=- buyer=01220 supplier= gtin= desc=",
			},
			buyer: "SHIPPING GROUP, INC.||||||", shipTo: "CARGO LIMITED #112|3000 LONG BEACH DRIVE|83308|SAN PEDRO|||",
			notes: []string{"buyer: id 1 (DUNS) 999999999", "reference MU: 0.3492"}}}},
		{file: "bots-plugins/mailbag01_997_850_820.x12", orders: []orderWant{
			catalogue("587852", "2005-06-01", "2005-06-08", 2, nil, ""), campShirts, widget, widget, widget, widget, mirror1, mirror2, doors, books, upcs,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			drafts, err := x12.ReadOrders(readCorpus(t, tt.file))
			if tt.err != nil {
				wantFault(t, err, o2c.CodeInvalid, tt.err[0], tt.err[1:]...)
				return
			}
			if err != nil {
				t.Fatalf("ReadOrders: %v %+v", err, o2c.ErrorFaults(err))
			}
			if len(drafts) != len(tt.orders) {
				t.Fatalf("%d orders, want %d", len(drafts), len(tt.orders))
			}
			for i, want := range tt.orders {
				checkOrder(t, i, &drafts[i], want)
			}
		})
	}
}

func checkOrder(t *testing.T, i int, d *o2c.OrderDraft, want orderWant) {
	t.Helper()
	got := []string{d.PONumber, string(d.DocumentType), d.OrderDate.String(), d.RequestedDeliveryDate.String(), d.Currency}
	exp := []string{want.po, want.typ, want.date, want.delivery, want.currency}
	if strings.Join(got, " ") != strings.Join(exp, " ") {
		t.Fatalf("order %d: po, type, date, delivery, currency = %q, want %q", i, got, exp)
	}
	if len(d.Lines) != want.lines {
		t.Fatalf("order %d (%s): %d lines, want %d", i, d.PONumber, len(d.Lines), want.lines)
	}
	for k, w := range want.sample {
		if g := lineString(d.Lines[k]); g != w {
			t.Fatalf("order %d (%s) line %d:\n got %s\nwant %s", i, d.PONumber, k, g, w)
		}
	}
	for _, p := range []struct {
		name, want string
		got        *o2c.Party
	}{{"buyer", want.buyer, d.Buyer}, {"ship_to", want.shipTo, d.ShipTo}, {"bill_to", want.billTo, d.BillTo}} {
		if p.want != "" && partyString(p.got) != p.want {
			t.Fatalf("order %d (%s) %s = %s, want %s", i, d.PONumber, p.name, partyString(p.got), p.want)
		}
	}
	for _, n := range want.notes {
		if !strings.Contains(d.Notes, n) {
			t.Fatalf("order %d (%s): notes do not say %q:\n%s", i, d.PONumber, n, d.Notes)
		}
	}
	if d.Source == nil || d.Source.Channel != o2c.ChannelX12 || d.Source.Sender == "" {
		t.Fatalf("order %d: source = %+v, want channel x12 and the ISA06 sender", i, d.Source)
	}
	if faults := extract.CheckDraft(d); len(faults) > 0 {
		t.Fatalf("order %d (%s) breaks the canonical order's rules: %+v", i, d.PONumber, faults)
	}
}

// TestOrdersCorpusOthers: the files without an 850 parse, and Orders says they hold none.
func TestOrdersCorpusOthers(t *testing.T) {
	t.Parallel()
	tests := []struct{ file, holds string }{
		{"bots-plugins/810-004010-01.x12", "810 ×2"},
		{"bots-plugins/810-004030VICS-01.x12", "810 ×2"},
		{"bots-plugins/810_1.x12", "810"},
		{"bots-plugins/810_2.x12", "810"},
		{"bots-plugins/820-004010-01.x12", "820"},
		{"bots-plugins/820-004010VICS-03.x12", "820"},
		{"bots-plugins/855-004010UCS-01.x12", "855 ×6"},
		{"bots-plugins/856_1.x12", "856"},
		{"bots-plugins/856_2.x12", "856 ×2"},
		{"bots-plugins/997-004010VICS-01.x12", "997"},
		{"edi-net/x12.810b.edi", "810"},
		{"edi-net/x12.820.issue140_5010.edi", "820"},
		{"staedi/simple810.edi", "810 ×2"},
		{"staedi/simple997.edi", "997"},
		{"staedi/invalid997.edi", "997"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			ic, err := x12.Parse(readCorpus(t, tt.file))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			drafts, err := x12.Orders(ic)
			wantFault(t, err, o2c.CodeInvalid, x12.RuleNoOrder, "holds no 850 purchase order (it holds "+tt.holds+")")
			if drafts != nil {
				t.Fatalf("drafts = %v, want none", drafts)
			}
		})
	}
}

// A small 850 the mapping tests vary.
const order850 = "ISA*00*          *00*          *ZZ*BUYER          *ZZ*SELLER         *260105*0930*U*00401*000000042*0*T*>~\n" +
	"GS*PO*BUYERAPP*SELLERAPP*20260105*0930*42*X*%s~\n" +
	"ST*850*0001~\n" +
	"%s" +
	"SE*%d*0001~\n" +
	"GE*1*42~\n" +
	"IEA*1*000000042~\n"

// build850 wraps body segments (one per line, without terminators) in the envelopes of order850.
func build850(version string, body ...string) []byte {
	var b strings.Builder
	for _, s := range body {
		b.WriteString(s + "~\n")
	}
	return []byte(fmt.Sprintf(order850, version, b.String(), len(body)+2))
}

func TestOrderMapping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		version string
		body    []string
		check   func(t *testing.T, d *o2c.OrderDraft)
	}{
		{"ChangeAndDecimals", "004010", []string{
			"BEG*04*SA*PO-7**20260104",
			"CUR*BY*EUR",
			"DTM*038*20260120", "DTM*002*20260115", "DTM*010*20260112",
			"N1*BY*Acme GmbH*UL*4012345000009",
			"N3*Hauptstr. 1",
			"N4*Berlin**10115*DEU",
			"PER*BD*Jane*TE*123*EM*orders@acme.example",
			"N1*ST*Acme Lager*92*L7",
			"N4*Hamburg**20095*DE",
			"PO1*1*.5*KG*10.**VP*S-1*BP*B-1*EN*4006381333931",
			"PID*F****Coffee ",
			"PO1*2*3*XYZ*-.25*HP*UP*036000291452",
			"CTP**UCP*9.99",
			"PO1*3*1*EA***VN*S-3",
			"CTP**UCP*4.5*1*CA",
			"CTP**UCP*4.25",
			"CTT*3",
			"AMT*TT*14.05",
		}, func(t *testing.T, d *o2c.OrderDraft) {
			if d.DocumentType != o2c.DocOrderChange || d.Currency != "EUR" || d.PONumber != "PO-7" || d.OrderDate.String() != "2026-01-04" {
				t.Fatalf("header = %s %s %s %s", d.DocumentType, d.Currency, d.PONumber, d.OrderDate)
			}
			if d.RequestedDeliveryDate.String() != "2026-01-15" {
				t.Fatalf("requested delivery = %s, want the DTM 002 date", d.RequestedDeliveryDate)
			}
			if got := partyString(d.Buyer); got != "Acme GmbH|Hauptstr. 1|10115|Berlin|DE|4012345000009|orders@acme.example" {
				t.Fatalf("buyer = %s", got)
			}
			if got := partyString(d.ShipTo); got != "Acme Lager||20095|Hamburg|DE||" {
				t.Fatalf("ship_to = %s", got)
			}
			want := []string{
				"no=1 qty=0.5 unit=KGM price=10 buyer=B-1 supplier=S-1 gtin=4006381333931 desc=Coffee",
				"no=2 qty=3 unit=XYZ price=9.99 buyer= supplier= gtin=036000291452 desc=",
				"no=3 qty=1 unit=C62 price=4.25 buyer= supplier=S-3 gtin= desc=",
			}
			for i, w := range want {
				if got := lineString(d.Lines[i]); got != w {
					t.Fatalf("line %d:\n got %s\nwant %s", i, got, w)
				}
			}
			if d.Totals == nil || d.Totals.Gross == nil || d.Totals.Gross.String() != "14.05" || d.Totals.Net != nil {
				t.Fatalf("totals = %+v, want gross 14.05 only", d.Totals)
			}
			for _, n := range []string{"purpose (BEG01): change", "ship no later: 2026-01-20", "requested ship: 2026-01-12",
				"ship_to: id 92 (assigned by buyer) L7", "line 2: price -0.25 is of basis HP (PO105)"} {
				if !strings.Contains(d.Notes, n) {
					t.Fatalf("notes do not say %q:\n%s", n, d.Notes)
				}
			}
		}},
		{"OldVersionDatesAndWindows1252", "003010", []string{
			"BEG*00*NE*A1**991231",
			"DTM*002*000105",
			"N1*ST*Caf\xe9 M\xfcller\x01",
			"PO1*1*1*PC",
		}, func(t *testing.T, d *o2c.OrderDraft) {
			if d.OrderDate.String() != "1999-12-31" || d.RequestedDeliveryDate.String() != "2000-01-05" {
				t.Fatalf("dates = %s, %s", d.OrderDate, d.RequestedDeliveryDate)
			}
			if d.ShipTo == nil || d.ShipTo.Name != "Café Müller" {
				t.Fatalf("ship_to = %+v, want the Windows-1252 name as UTF-8 without the control character", d.ShipTo)
			}
			if faults := extract.CheckDraft(d); len(faults) > 0 {
				t.Fatalf("CheckDraft: %+v", faults)
			}
		}},
		{"LineParties", "004010", []string{
			"BEG*00*SA*A2**20260101",
			"PO1*1*2*EA*3",
			"PID*F*08***Widget",
			"N1*ST*Store 12*92*12",
			"N3*Main St 1",
			"SLN*1**I*1*EA",
			"PID*F*08***Sub-line text",
		}, func(t *testing.T, d *o2c.OrderDraft) {
			if d.ShipTo != nil {
				t.Fatalf("ship_to = %+v: a line's party is not the order's", d.ShipTo)
			}
			if got := lineString(d.Lines[0]); got != "no=1 qty=2 unit=C62 price=3 buyer= supplier= gtin= desc=Widget" {
				t.Fatalf("line = %s", got)
			}
			if !strings.Contains(d.Notes, "line 1: party (ST): Store 12, id 92 (assigned by buyer) 12, Main St 1") {
				t.Fatalf("notes = %s", d.Notes)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ic, err := x12.Parse(build850(tt.version, tt.body...))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			drafts, err := x12.Orders(ic)
			if err != nil {
				t.Fatalf("Orders: %v %+v", err, o2c.ErrorFaults(err))
			}
			tt.check(t, &drafts[0])
			if _, err := json.Marshal(drafts); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestOrderErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		version   string
		body      []string
		rule      string
		fragments []string
	}{
		{"ErrNoBEG", "004010", []string{"PO1*1*1*EA"}, x12.RuleBEG, []string{"set 0001 (850)", "has no BEG"}},
		{"ErrPurposeEmpty", "004010", []string{"BEG**SA*1**20260101"}, x12.RuleBEG, []string{"segment 2 (BEG)", "BEG01"}},
		{"ErrDate", "004010", []string{"BEG*00*SA*1**20260230"}, x12.RuleDate, []string{"segment 2 (BEG)", `BEG05 (the order date) is "20260230"`}},
		{"ErrShortDateIn4010", "004010", []string{"BEG*00*SA*1**260101"}, x12.RuleDate, []string{"CCYYMMDD"}},
		{"ErrQuantity", "004010", []string{"BEG*00*SA*1**20260101", "PO1*1*1,5*EA"}, x12.RuleNumber, []string{"segment 3 (PO1)", `PO102 (the quantity) is "1,5"`}},
		{"ErrPrice", "004010", []string{"BEG*00*SA*1**20260101", "PO1*1*1*EA*1E3"}, x12.RuleNumber, []string{"PO104"}},
		{"ErrLonePoint", "004010", []string{"BEG*00*SA*1**20260101", "PO1*1*.*EA"}, x12.RuleNumber, []string{"PO102"}},
		{"ErrCurrency", "004010", []string{"BEG*00*SA*1**20260101", "CUR*BY*usd"}, x12.RuleCurrency, []string{"segment 3 (CUR)", `CUR02 is "usd"`}},
		{"ErrLineCountNotNumber", "004010", []string{"BEG*00*SA*1**20260101", "PO1*1*1*EA", "CTT*x"}, x12.RuleNumber, []string{"CTT01"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ic, err := x12.Parse(build850(tt.version, tt.body...))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			drafts, err := x12.Orders(ic)
			wantFault(t, err, o2c.CodeInvalid, tt.rule, tt.fragments...)
			if drafts != nil {
				t.Fatal("drafts returned with an error")
			}
			_, err = x12.Order(ic, &ic.Groups[0], &ic.Groups[0].Sets[0])
			wantFault(t, err, o2c.CodeInvalid, tt.rule, tt.fragments...)
		})
	}
}

func TestReadOrdersNone(t *testing.T) {
	t.Parallel()
	ic, err := x12.Parse(readCorpus(t, "staedi/simple997.edi"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = x12.Order(ic, &ic.Groups[0], &ic.Groups[0].Sets[0])
	wantFault(t, err, o2c.CodeInvalid, x12.RuleNoOrder, "set 0001 (997)", "not an 850")
	_, err = x12.ReadOrders(readCorpus(t, "staedi/simple810.edi"))
	wantFault(t, err, o2c.CodeInvalid, x12.RuleNoOrder, "the file holds no 850 purchase order (it holds 810 ×2)")
}
