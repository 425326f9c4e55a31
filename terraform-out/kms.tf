# The three customer-managed keys (ARCHITECTURE.md, "Keys and their policies"). Their policies are
# also in policies/data-key.json, policies/results-key.json and policies/storage-key.json.
# No statement names the account root: IAM policies cannot widen what these policies allow.

resource "aws_kms_key" "data" {
  description             = "nitroforge fraud-scoring: job inputs and models; decrypts only inside an allowed enclave image"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "KeyAdministratorsManageOnly"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::111122223333:role/platform-admin"
        }
        Action = [
          "kms:CancelKeyDeletion",
          "kms:CreateAlias",
          "kms:DescribeKey",
          "kms:DisableKey",
          "kms:DisableKeyRotation",
          "kms:EnableKey",
          "kms:EnableKeyRotation",
          "kms:GetKeyPolicy",
          "kms:GetKeyRotationStatus",
          "kms:ListGrants",
          "kms:ListKeyPolicies",
          "kms:ListKeyRotations",
          "kms:ListResourceTags",
          "kms:PutKeyPolicy",
          "kms:RevokeGrant",
          "kms:RotateKeyOnDemand",
          "kms:ScheduleKeyDeletion",
          "kms:TagResource",
          "kms:UntagResource",
          "kms:UpdateKeyDescription",
        ]
        Resource = "*"
      },
      {
        Sid    = "ProducersGenerateDataKeysForThisApp"
        Effect = "Allow"
        Principal = {
          AWS = aws_iam_role.producer.arn
        }
        Action   = ["kms:GenerateDataKey"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "kms:EncryptionContext:nitroforge:app" = "fraud-scoring"
          }
        }
      },
      {
        Sid    = "EnclaveDecryptsWithAttestation"
        Effect = "Allow"
        Principal = {
          AWS = aws_iam_role.consumer.arn
        }
        Action   = ["kms:Decrypt"]
        Resource = "*"
        Condition = {
          StringEqualsIgnoreCase = {
            "kms:RecipientAttestation:ImageSha384" = concat([var.enclave_pcr0], var.enclave_extra_pcr0)
          }
        }
      },
      {
        Sid    = "EnclaveResolvesKeyAlias"
        Effect = "Allow"
        Principal = {
          AWS = aws_iam_role.consumer.arn
        }
        Action   = ["kms:DescribeKey"]
        Resource = "*"
      },
      {
        Sid    = "DenyDecryptOutsideAllowedImages"
        Effect = "Deny"
        Principal = {
          AWS = "*"
        }
        Action   = ["kms:Decrypt"]
        Resource = "*"
        Condition = {
          StringNotEqualsIgnoreCase = {
            "kms:RecipientAttestation:ImageSha384" = concat([var.enclave_pcr0], var.enclave_extra_pcr0)
          }
        }
      },
      {
        Sid    = "DenyReEncryptForEveryone"
        Effect = "Deny"
        Principal = {
          AWS = "*"
        }
        Action   = ["kms:ReEncrypt*"]
        Resource = "*"
      },
      {
        Sid    = "DenyAliasChangesForEveryone"
        Effect = "Deny"
        Principal = {
          AWS = "*"
        }
        Action   = ["kms:UpdateAlias", "kms:DeleteAlias"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_kms_alias" "data" {
  name          = "alias/fraud-scoring-data"
  target_key_id = aws_kms_key.data.key_id
}

resource "aws_kms_key" "results" {
  description             = "nitroforge fraud-scoring: job results; encrypts only inside an allowed enclave image"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "KeyAdministratorsManageOnly"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::111122223333:role/platform-admin"
        }
        Action = [
          "kms:CancelKeyDeletion",
          "kms:CreateAlias",
          "kms:DescribeKey",
          "kms:DisableKey",
          "kms:DisableKeyRotation",
          "kms:EnableKey",
          "kms:EnableKeyRotation",
          "kms:GetKeyPolicy",
          "kms:GetKeyRotationStatus",
          "kms:ListGrants",
          "kms:ListKeyPolicies",
          "kms:ListKeyRotations",
          "kms:ListResourceTags",
          "kms:PutKeyPolicy",
          "kms:RevokeGrant",
          "kms:RotateKeyOnDemand",
          "kms:ScheduleKeyDeletion",
          "kms:TagResource",
          "kms:UntagResource",
          "kms:UpdateKeyDescription",
        ]
        Resource = "*"
      },
      {
        Sid    = "EnclaveEncryptsResultsWithAttestation"
        Effect = "Allow"
        Principal = {
          AWS = aws_iam_role.consumer.arn
        }
        Action   = ["kms:GenerateDataKey"]
        Resource = "*"
        Condition = {
          StringEqualsIgnoreCase = {
            "kms:RecipientAttestation:ImageSha384" = concat([var.enclave_pcr0], var.enclave_extra_pcr0)
          }
          StringEquals = {
            "kms:EncryptionContext:nitroforge:app"     = "fraud-scoring"
            "kms:EncryptionContext:nitroforge:purpose" = "result"
          }
        }
      },
      {
        Sid    = "EnclaveResolvesKeyAlias"
        Effect = "Allow"
        Principal = {
          AWS = aws_iam_role.consumer.arn
        }
        Action   = ["kms:DescribeKey"]
        Resource = "*"
      },
      {
        Sid    = "ResultReadersDecryptResults"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::111122223333:role/fraud-analysts"
        }
        Action   = ["kms:Decrypt"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "kms:EncryptionContext:nitroforge:app"     = "fraud-scoring"
            "kms:EncryptionContext:nitroforge:purpose" = "result"
          }
        }
      },
      {
        Sid    = "DenyResultKeysOutsideAllowedImages"
        Effect = "Deny"
        Principal = {
          AWS = "*"
        }
        Action   = ["kms:GenerateDataKey", "kms:GenerateDataKeyPair"]
        Resource = "*"
        Condition = {
          StringNotEqualsIgnoreCase = {
            "kms:RecipientAttestation:ImageSha384" = concat([var.enclave_pcr0], var.enclave_extra_pcr0)
          }
        }
      },
      {
        Sid    = "DenyEncryptionThatCannotCarryAttestation"
        Effect = "Deny"
        Principal = {
          AWS = "*"
        }
        Action = [
          "kms:Encrypt",
          "kms:GenerateDataKeyWithoutPlaintext",
          "kms:GenerateDataKeyPairWithoutPlaintext",
        ]
        Resource = "*"
      },
      {
        Sid    = "DenyReEncryptForEveryone"
        Effect = "Deny"
        Principal = {
          AWS = "*"
        }
        Action   = ["kms:ReEncrypt*"]
        Resource = "*"
      },
      {
        Sid    = "DenyAliasChangesForEveryone"
        Effect = "Deny"
        Principal = {
          AWS = "*"
        }
        Action   = ["kms:UpdateAlias", "kms:DeleteAlias"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_kms_alias" "results" {
  name          = "alias/fraud-scoring-results"
  target_key_id = aws_kms_key.results.key_id
}

resource "aws_kms_key" "storage" {
  description             = "nitroforge fraud-scoring: at-rest encryption of buckets, queues and logs"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "KeyAdministratorsManageOnly"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::111122223333:role/platform-admin"
        }
        Action = [
          "kms:CancelKeyDeletion",
          "kms:CreateAlias",
          "kms:DescribeKey",
          "kms:DisableKey",
          "kms:DisableKeyRotation",
          "kms:EnableKey",
          "kms:EnableKeyRotation",
          "kms:GetKeyPolicy",
          "kms:GetKeyRotationStatus",
          "kms:ListGrants",
          "kms:ListKeyPolicies",
          "kms:ListKeyRotations",
          "kms:ListResourceTags",
          "kms:PutKeyPolicy",
          "kms:RevokeGrant",
          "kms:RotateKeyOnDemand",
          "kms:ScheduleKeyDeletion",
          "kms:TagResource",
          "kms:UntagResource",
          "kms:UpdateKeyDescription",
        ]
        Resource = "*"
      },
      {
        Sid    = "RolesUseThroughS3AndSQSOnly"
        Effect = "Allow"
        Principal = {
          AWS = [aws_iam_role.producer.arn, aws_iam_role.consumer.arn]
        }
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService" = ["s3.us-east-1.amazonaws.com", "sqs.us-east-1.amazonaws.com"]
          }
        }
      },
      {
        Sid    = "CloudWatchLogsEncryptsLogGroups"
        Effect = "Allow"
        Principal = {
          Service = "logs.us-east-1.amazonaws.com"
        }
        Action   = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"]
        Resource = "*"
        Condition = {
          StringLike = {
            "kms:EncryptionContext:aws:logs:arn" = [
              "arn:aws:logs:${local.region}:${local.account_id}:log-group:/nitroforge/${local.name}/*",
              "arn:aws:logs:${local.region}:${local.account_id}:log-group:aws-waf-logs-${local.name}",
            ]
          }
        }
      },
      {
        Sid    = "ServicesDescribeKey"
        Effect = "Allow"
        Principal = {
          Service = ["logs.us-east-1.amazonaws.com", "cloudtrail.amazonaws.com"]
        }
        Action   = ["kms:DescribeKey"]
        Resource = "*"
      },
      {
        Sid    = "CloudTrailEncryptsTrail"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action   = ["kms:GenerateDataKey*"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:SourceArn" = "arn:aws:cloudtrail:${local.region}:${local.account_id}:trail/fraud-scoring-trail"
          }
          StringLike = {
            "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:${local.account_id}:trail/*"
          }
        }
      },
      {
        Sid    = "CloudWatchAlarmsPublishToEncryptedTopic"
        Effect = "Allow"
        Principal = {
          Service = "cloudwatch.amazonaws.com"
        }
        Action   = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = local.account_id
          }
        }
      },
      {
        Sid    = "DenyAliasChangesForEveryone"
        Effect = "Deny"
        Principal = {
          AWS = "*"
        }
        Action   = ["kms:UpdateAlias", "kms:DeleteAlias"]
        Resource = "*"
      },
    ]
  })
}

resource "aws_kms_alias" "storage" {
  name          = "alias/fraud-scoring-storage"
  target_key_id = aws_kms_key.storage.key_id
}
