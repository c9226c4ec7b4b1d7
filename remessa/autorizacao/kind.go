package autorizacao

import "strconv"

// Kind is the kind of an AIH/APAC number, named by its 5th
// digit (docs/identifiers.md §5.2). Do not confuse it with the "tipo de AIH"
// (1 principal, 3 continuação, 5 longa permanência), a separate field of
// SIH files.
type Kind uint8

// Kinds of AIH/APAC numbers. The set is not closed: digits 0, 4 and 7 have
// no known meaning (the CNRAC APAC probably has its own digit;
// docs/identifiers.md §10.3) and give KindUnknown.
const (
	KindUnknown      Kind = iota
	KindAIH               // 1: AIH, general use (Portaria SAS 735/2008 Art. 3)
	KindAPAC              // 2: APAC, general use (Portaria SAS 735/2008 Art. 3)
	KindAIHCNRAC          // 3: AIH of the CNRAC (SIH manual quoted by GERAIH)
	KindAIHEletiva        // 5: AIH, elective surgery and campaigns (Portaria SAS 737/2010)
	KindAPACEletiva       // 6: APAC, Política Nacional de Cirurgias Eletivas (Portaria SAS 492/2008)
	KindAIHPrograma       // 8: AIH, Agora Tem Especialistas complementary component (Portaria SAES 2025 Art. 14 I)
	KindAPACPrograma      // 9: APAC, Agora Tem Especialistas complementary component (Portaria SAES 2025 Art. 14 I)
)

// autKindDigits maps each kind to its 5th digit (−1 for KindUnknown).
var autKindDigits = [...]int{-1, 1, 2, 3, 5, 6, 8, 9}

// autDigitKinds maps a 5th digit to its kind.
var autDigitKinds = [10]Kind{
	1: KindAIH, 2: KindAPAC, 3: KindAIHCNRAC, 5: KindAIHEletiva,
	6: KindAPACEletiva, 8: KindAIHPrograma, 9: KindAPACPrograma,
}

var autKindNames = [...]string{
	"unknown kind",
	"AIH general use",
	"APAC general use",
	"AIH CNRAC",
	"AIH elective surgery",
	"APAC elective surgery",
	"AIH Agora Tem Especialistas",
	"APAC Agora Tem Especialistas",
}

// KindOfDigit returns the kind named by the 5th digit d (0–9); digits
// without a known meaning, and values outside 0–9, give KindUnknown.
func KindOfDigit(d int) Kind {
	if d < 0 || d > 9 {
		return KindUnknown
	}
	return autDigitKinds[d]
}

// Digit returns the 5th digit of numbers of kind k (9 for
// KindAPACPrograma), or −1 for KindUnknown and invalid values.
func (k Kind) Digit() int {
	if int(k) >= len(autKindDigits) {
		return -1
	}
	return autKindDigits[k]
}

// String returns the English name of the kind ("APAC Agora Tem
// Especialistas").
func (k Kind) String() string {
	if int(k) >= len(autKindNames) {
		return "Kind(" + strconv.Itoa(int(k)) + ")"
	}
	return autKindNames[k]
}

// IsAIH reports whether numbers of kind k are AIH (hospital) numbers.
func (k Kind) IsAIH() bool {
	switch k {
	case KindAIH, KindAIHCNRAC, KindAIHEletiva, KindAIHPrograma:
		return true
	}
	return false
}

// IsAPAC reports whether numbers of kind k are APAC (ambulatory) numbers.
func (k Kind) IsAPAC() bool {
	switch k {
	case KindAPAC, KindAPACEletiva, KindAPACPrograma:
		return true
	}
	return false
}

// IsPrograma reports whether k is one of the special numberings of the
// Agora Tem Especialistas complementary component (5th digit 8 in an AIH,
// 9 in an APAC; Portaria SAES 2025 Art. 14 I).
func (k Kind) IsPrograma() bool { return k == KindAIHPrograma || k == KindAPACPrograma }
