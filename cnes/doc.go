// Package cnes implements the establishment identifiers of SUS files —
// the CNES code of an establishment, the CNPJ (numeric and the
// alphanumeric CNPJ of IN RFB 2.229/2024) and the INE of a health team.
package cnes
